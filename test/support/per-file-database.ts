// Runs before every test file: copies the run's migrated template database into one of the
// file's own, so test files never share rows such as the deployment settings. Tests reach it
// through testDatabaseUrl().
import { copyTemplateDatabase } from "./database-copy.js";

process.env.LEADBOT_TEST_DATABASE_URL = await copyTemplateDatabase();
