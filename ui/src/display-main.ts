// Entry of the customer display window: follows the till given in the URL over the hub's WebSocket.
import "./style.css";
import "./customer-display/display.css";
import { createDisplayClient, type ConnectionState } from "./display/displayClient";
import type { DisplayState } from "./display/protocol";
import { hubUrlFromLocation, paint } from "./customer-display/displayScreen";
import { t } from "./i18n";

const root = document.getElementById("display")!;
let state: DisplayState = { phase: "idle" };
let connection: ConnectionState = "connecting";
const url = hubUrlFromLocation(window.location.search);

if (url === null) {
  root.textContent = t("display.noHub");
} else {
  paint(root, state, connection);
  createDisplayClient({
    url,
    name: "Kundenanzeige",
    onState: (next) => {
      state = next;
      paint(root, state, connection);
    },
    onConnection: (next) => {
      connection = next;
      paint(root, state, connection);
    },
  }).start();
}
