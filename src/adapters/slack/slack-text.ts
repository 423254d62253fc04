// Text as Slack sends it. Slack escapes exactly three characters in message and slash command
// text (`&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`) and leaves real mentions as `<@U123|name>`.
// The shared parser (../../grammar/) wants what the person typed, so undo the escaping first.
// `&amp;` goes last, so "&amp;lt;" (someone typing "&lt;") stays "&lt;" instead of becoming "<".

export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Escapes text we put inside mrkdwn, so a name or reason can never become a mention or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to `max` characters (Slack refuses longer fields), ending with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
