/** Files for a server-rendered form (a new ticket, staff's answer): see the component. */
import { AttachFiles } from "../components/support/AttachFiles.tsx";

export default AttachFiles;
