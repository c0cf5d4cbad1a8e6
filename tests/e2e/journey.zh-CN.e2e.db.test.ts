import { describeJourney } from "./journey";

// The whole award in Chinese, the portal's first language; the English run is its own file so the
// two run side by side, each with its own app and database.
describeJourney("zh-CN");
