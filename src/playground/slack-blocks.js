// Draws Slack Block Kit JSON as HTML that looks like Slack. The blocks themselves come from the
// server (the Slack adapter's own serialiser); this only draws them. Everything in a block is
// text to show, never markup: mrkdwn is escaped first and only then given its few formats, and a
// link is drawn only for an http(s) or mailto address.
const EMOJI = { warning: "⚠️", white_check_mark: "✅", information_source: "ℹ️", no_entry: "⛔", x: "❌", heavy_minus_sign: "➖", bell: "🔔", calendar: "📅", hourglass: "⏳", wave: "👋" };

export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Slack escapes &, < and > in message text; undo that before escaping for HTML (so nothing is escaped twice). */
const unslack = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const emoji = (html) => html.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);

/** Bold, italic, strike and code on text that is already HTML-escaped (so no tag can come from it). */
function formats(html) {
  return html
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,;:!?<])/g, "$1<b>$2</b>")
    .replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,;:!?<])/g, "$1<i>$2</i>")
    .replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,;:!?<])/g, "$1<s>$2</s>");
}

/** One `<…>` of mrkdwn: a link, a date with its fallback, a mention, or a special mention. */
function angle(inner) {
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : inner.slice(bar + 1);
  if (target.startsWith("!date^")) return `<span class="sk-date">${escapeHtml(unslack(label ?? target))}</span>`;
  if (target.startsWith("@") || target.startsWith("#")) return `<span class="sk-mention">${escapeHtml(unslack(label ?? target))}</span>`;
  if (target.startsWith("!")) return `<span class="sk-mention">@${escapeHtml(target.slice(1))}</span>`;
  const url = unslack(target);
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return escapeHtml(unslack(inner));
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(unslack(label ?? target))}</a>`;
}

/** Slack mrkdwn → HTML: code blocks, `<url|text>` links, *bold*, _italic_, ~strike~, `code`, line breaks. */
export function mrkdwnToHtml(text) {
  const parts = String(text ?? "").split(/```/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1 && i < parts.length - 1) return `<pre>${escapeHtml(unslack(part.replace(/^\n/, "")))}</pre>`;
      const chunks = (i % 2 === 1 ? "```" + part : part).split(/(<[^<>\n]+>)/);
      return chunks
        .map((chunk, j) => (j % 2 === 1 ? angle(chunk.slice(1, -1)) : emoji(formats(escapeHtml(unslack(chunk))))))
        .join("")
        .replace(/\n/g, "<br>");
    })
    .join("");
}

/** A text object: mrkdwn, or plain_text (escaped, emoji names shown as emoji). */
export function textToHtml(text) {
  if (!text) return "";
  return text.type === "mrkdwn" ? mrkdwnToHtml(text.text) : emoji(escapeHtml(text.text ?? "")).replace(/\n/g, "<br>");
}

function buttonHtml(element) {
  const style = element.style === "primary" || element.style === "danger" ? ` sk-${element.style}` : "";
  return `<button type="button" class="sk-button${style}" data-action-id="${escapeHtml(element.action_id ?? "")}" data-value="${escapeHtml(element.value ?? "")}">${textToHtml(element.text)}</button>`;
}

/** An input block's element; `people` fill a users_select (the playground's cast stands in for the workspace). */
function inputHtml(block, people) {
  const element = block.element ?? {};
  const name = escapeHtml(block.block_id ?? element.action_id ?? "");
  const placeholder = element.placeholder ? ` placeholder="${escapeHtml(element.placeholder.text ?? "")}"` : "";
  let control = "";
  if (element.type === "plain_text_input") {
    const max = Number.isInteger(element.max_length) ? ` maxlength="${element.max_length}"` : "";
    control = element.multiline ? `<textarea name="${name}" rows="3"${max}${placeholder}></textarea>` : `<input name="${name}"${max}${placeholder}>`;
  } else if (element.type === "users_select" || element.type === "static_select") {
    const options =
      element.type === "users_select"
        ? people.map((p) => ({ value: p.handle, label: p.name }))
        : (element.options ?? []).map((o) => ({ value: o.value, label: o.text?.text ?? o.value }));
    control = `<select name="${name}"><option value="">${escapeHtml(element.placeholder?.text ?? "Choose")}</option>${options
      .map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`)
      .join("")}</select>`;
  }
  return `<label class="sk-input"><span class="sk-label">${textToHtml(block.label)}</span>${control}</label>`;
}

function blockHtml(block, people) {
  switch (block.type) {
    case "header":
      return `<div class="sk-header">${textToHtml(block.text)}</div>`;
    case "section": {
      const fields = Array.isArray(block.fields) ? `<div class="sk-fields">${block.fields.map((f) => `<div>${textToHtml(f)}</div>`).join("")}</div>` : "";
      const accessory = block.accessory?.type === "button" ? `<div class="sk-accessory">${buttonHtml(block.accessory)}</div>` : "";
      return `<div class="sk-section"><div class="sk-section-body">${block.text ? `<div>${textToHtml(block.text)}</div>` : ""}${fields}</div>${accessory}</div>`;
    }
    case "context":
      return `<div class="sk-context">${(block.elements ?? []).filter((e) => e.type === "mrkdwn" || e.type === "plain_text").map((e) => `<span>${textToHtml(e)}</span>`).join("")}</div>`;
    case "divider":
      return '<hr class="sk-divider">';
    case "actions":
      return `<div class="sk-actions">${(block.elements ?? []).filter((e) => e.type === "button").map(buttonHtml).join("")}</div>`;
    case "input":
      return inputHtml(block, people);
    default:
      return "";
  }
}

/** A list of blocks as HTML. */
export function blocksToHtml(blocks, people = []) {
  return (Array.isArray(blocks) ? blocks : []).map((b) => blockHtml(b, people)).join("");
}

/** A modal (Slack's views.open): its title, blocks and Cancel / submit buttons. */
export function modalToHtml(modal, people = []) {
  return `<form class="sk-modal" novalidate><div class="sk-modal-title">${textToHtml(modal.title)}</div><div class="sk-modal-body">${blocksToHtml(modal.blocks, people)}</div><div class="sk-error" hidden></div><div class="sk-modal-buttons"><button type="button" class="sk-button" data-close>${textToHtml(modal.close)}</button><button type="submit" class="sk-button sk-primary">${textToHtml(modal.submit)}</button></div></form>`;
}

globalThis.SlackBlocks = { blocksToHtml, modalToHtml, mrkdwnToHtml, escapeHtml };
