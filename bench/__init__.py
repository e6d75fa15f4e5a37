"""`make bench`: Peer Practice against a stock `rasa init` bot, measured in one run."""
