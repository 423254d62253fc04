// Writes adaptive-cards/*.json from the one Adaptive Card layout (src/adapters/teams/
// adaptive-card-template.ts). Run after changing the layout: npx tsx scripts/generate-adaptive-cards.ts
// (test/adapters/teams/adaptive-card-templates.test.ts fails while a file is out of date).
import { writeFileSync } from "node:fs";
import { renderTemplateFile } from "../src/adapters/teams/adaptive-card-template.js";
import { TEMPLATE_NAMES, TEMPLATE_PARTS, templatePath } from "../src/adapters/teams/render-card.js";

for (const name of TEMPLATE_NAMES) writeFileSync(templatePath(name), renderTemplateFile(TEMPLATE_PARTS[name]));
console.log(`wrote ${TEMPLATE_NAMES.length} templates`);
