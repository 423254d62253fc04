// The Adaptive Card 1.5 layout of a Card, as an adaptivecards-templating template. Every file in
// adaptive-cards/ is this layout with the parts its view uses (`npx tsx
// scripts/generate-adaptive-cards.ts` writes them; a test checks they are up to date), and
// card-data.ts fills it from the Card. So the templates hold layout only: every word on a Teams
// card comes from the same Card the Slack serialiser draws.

export interface TemplateParts {
  /** A shared card its readers' clients redraw as their own view (Universal Actions `refresh`). */
  refresh: boolean;
  /** Buttons: Action.Execute with an Action.Submit fallback for clients without Universal Actions. */
  actions: boolean;
  /** Buttons that open a form on the card first (Action.ShowCard with inputs). */
  forms: boolean;
}

const execute = (title: string, verb = "${verb}", data = "${data}") => ({
  type: "Action.Execute",
  title,
  verb,
  style: "${style}",
  data,
  fallback: { type: "Action.Submit", title, data },
});

export function adaptiveCardTemplate(parts: TemplateParts): Record<string, unknown> {
  const body = [
    {
      type: "Container",
      style: "${tone}",
      items: [
        { type: "TextBlock", $when: "${hasTitle}", text: "${title}", weight: "Bolder", size: "Medium", wrap: true },
        { type: "TextBlock", $when: "${hasCaseRef}", text: "${caseRef}", isSubtle: true, spacing: "None", wrap: true },
        { type: "TextBlock", $when: "${hasHeadline}", text: "${headline}", weight: "${headlineWeight}", wrap: true },
      ],
    },
    { type: "FactSet", $when: "${hasFacts}", facts: [{ $data: "${facts}", title: "${label}", value: "${value}" }] },
    {
      type: "Container",
      $data: "${sections}",
      style: "${style}",
      items: [
        { type: "TextBlock", $when: "${hasHeading}", text: "${heading}", weight: "Bolder", wrap: true },
        { type: "TextBlock", $data: "${lines}", text: "${text}", size: "${size}", isSubtle: "${subtle}", fontType: "${font}", spacing: "None", wrap: true },
      ],
    },
  ];
  const form = {
    $when: "${hasForm}",
    type: "AdaptiveCard",
    body: [
      {
        $data: "${inputs}",
        type: "${type}",
        id: "${id}",
        label: "${label}",
        style: "${style}",
        isMultiline: "${multiline}",
        maxLength: "${maxLength}",
        isRequired: "${required}",
        errorMessage: "${errorMessage}",
        choices: "${choices}",
      },
    ],
    actions: [execute("${submitLabel}", "${submitVerb}", "${submitData}")],
  };
  const button = parts.forms
    ? {
        $data: "${actions}",
        type: "${type}",
        title: "${title}",
        verb: "${verb}",
        style: "${buttonStyle}",
        data: "${data}",
        fallback: { $when: "${!hasForm}", type: "Action.Submit", title: "${title}", data: "${data}" },
        card: form,
      }
    : { $data: "${actions}", ...execute("${title}") };
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.5",
    fallbackText: "${summary}",
    ...(parts.refresh
      ? {
          refresh: {
            $when: "${hasRefresh}",
            action: { type: "Action.Execute", title: "Show my options", verb: "refresh", data: "${refresh}" },
            userIds: "${refreshUserIds}",
          },
        }
      : {}),
    body,
    ...(parts.actions ? { actions: [button] } : {}),
  };
}

/** A template file's text, as the generator writes it. */
export const renderTemplateFile = (parts: TemplateParts): string => `${JSON.stringify(adaptiveCardTemplate(parts), null, 2)}\n`;
