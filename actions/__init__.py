"""Rasa SDK actions: read slots, call bot.practice, emit events. Nothing else."""
