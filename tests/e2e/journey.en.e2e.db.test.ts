import { describeJourney } from "./journey";

// The whole award with a browser that prefers English: every label the people use is the English one.
describeJourney("en");
