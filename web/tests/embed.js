// The configuration docs/webchat-embed.md documents, pointed at the server in ?rasa=.
const rasa = new URLSearchParams(window.location.search).get("rasa") || "http://127.0.0.1:5005";
window.WebChat.default({
  selector: "#webchat",
  socketUrl: rasa,
  socketPath: "/socket.io/",
  customData: { language: "en" },
  initPayload: "/list_scenarios",
  title: "Peer Practice",
  subtitle: "Practise with a peer",
  embedded: true,
  showMessageDate: false,
  params: { storage: "session" },
}, null);
