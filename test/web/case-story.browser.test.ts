import { DESKTOP } from "../helpers/web";
import { caseStory } from "./case-story";

/** The whole story with JavaScript on, at 1280 px; the CSP officer's part by keyboard alone. */
jest.setTimeout(600_000);
caseStory({ js: true, width: DESKTOP }, { cspKeyboard: true });
