import { PHONE } from "../helpers/web";
import { caseStory } from "./case-story";

/** The whole story with JavaScript off, on a phone (375 px). */
jest.setTimeout(600_000);
caseStory({ js: false, width: PHONE }, { cspKeyboard: false });
