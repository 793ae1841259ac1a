import { PHONE } from "../helpers/web";
import { progressJourneys } from "./progress-journeys";

/** Check progress with JavaScript on, on a phone (375 px). */
jest.setTimeout(180_000);
progressJourneys({ js: true, width: PHONE }, true);
