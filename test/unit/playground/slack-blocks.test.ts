// The playground's Slack view draws Block Kit JSON as HTML. What it draws comes from cards full of
// what people typed (names, agencies, reasons), so none of it may ever become markup: these tests
// feed it hostile text, straight and through the real Slack renderer, and look at the HTML.
import { describe, expect, it } from "vitest";
import { renderView } from "../../../src/adapters/slack/render-blocks.js";
import { objectModal } from "../../../src/adapters/slack/object-modal.js";
import { blocksToHtml, modalToHtml, mrkdwnToHtml } from "../../../src/playground/slack-blocks.js";
import { openProposal } from "../../support/view-samples.js";

const TZ = "Europe/London";
/** Every tag in the HTML, by name. */
const tags = (html: string) => [...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase());

describe("mrkdwn to HTML", () => {
  it("gives *bold*, _italic_, ~strike~, `code` and line breaks their tags", () => {
    expect(mrkdwnToHtml("*Reason:* _soon_ ~old~ `vote EH-1 agree`\nnext")).toBe(
      "<b>Reason:</b> <i>soon</i> <s>old</s> <code>vote EH-1 agree</code><br>next",
    );
  });

  it("draws <url|text> as a link and a date by its fallback", () => {
    expect(mrkdwnToHtml("see <https://example.org/a?b=1&amp;c=2|the guide>")).toBe(
      'see <a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the guide</a>',
    );
    expect(mrkdwnToHtml("due <!date^1796745600^{date_short_pretty} at {time}|Fri 11 Dec 2026 at 17:00>")).toBe(
      'due <span class="sk-date">Fri 11 Dec 2026 at 17:00</span>',
    );
  });

  it("never draws a link to anything but http(s) or mailto", () => {
    const html = mrkdwnToHtml("<javascript:alert(1)|click me>");
    expect(tags(html)).toEqual([]);
    expect(html).not.toContain("href");
  });

  it("shows escaped text as text: no tag, attribute or entity comes out of it", () => {
    // What the Slack renderer makes of a reason typed as HTML: &, < and > escaped, as Slack wants.
    const typed = `&lt;img src=x onerror="alert(1)"&gt; &amp;lt;b&amp;gt; 'quoted'`;
    const html = mrkdwnToHtml(typed);
    expect(tags(html)).toEqual([]);
    expect(html).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp;lt;b&amp;gt; &#39;quoted&#39;");
  });

  it("escapes a link's label and address", () => {
    const html = mrkdwnToHtml(`<https://example.org/"onmouseover="x|&lt;b&gt;hi&lt;/b&gt;>`);
    expect(tags(html)).toEqual(["a"]);
    expect(html).toContain('href="https://example.org/&quot;onmouseover=&quot;x"');
    expect(html).toContain(">&lt;b&gt;hi&lt;/b&gt;</a>");
  });

  it("keeps a code block as it is, formats and all", () => {
    expect(mrkdwnToHtml("*Usage*\n```/lead vote *EH-1* <b>```")).toBe("<b>Usage</b><br><pre>/lead vote *EH-1* &lt;b&gt;</pre>");
  });
});

describe("Block Kit to HTML", () => {
  it("draws header, section with fields, context, divider and buttons with their styles", () => {
    const html = blocksToHtml([
      { type: "header", text: { type: "plain_text", text: "Proposal <b> :warning:", emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: "*Nominee:* Tom" }, fields: [{ type: "mrkdwn", text: "_a_" }, { type: "plain_text", text: "*b*" }] },
      { type: "context", elements: [{ type: "mrkdwn", text: "small print" }] },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          { type: "button", text: { type: "plain_text", text: "Agree" }, action_id: "lead.vote.agree", value: '{"v":"vote","x":"<\\">"}', style: "primary" },
          { type: "button", text: { type: "plain_text", text: "Decline" }, action_id: "lead.vote.decline", value: "{}", style: "danger" },
          { type: "button", text: { type: "plain_text", text: "Abstain" }, action_id: "lead.vote.abstain", value: "{}" },
        ],
      },
    ]);
    expect(html).toContain('<div class="sk-header">Proposal &lt;b&gt; ⚠️</div>');
    expect(html).toContain("<b>Nominee:</b> Tom");
    expect(html).toContain("<div><i>a</i></div><div>*b*</div>");
    expect(html).toContain('<div class="sk-context"><span>small print</span></div>');
    expect(html).toContain('<hr class="sk-divider">');
    expect(html).toContain('class="sk-button sk-primary" data-action-id="lead.vote.agree" data-value="{&quot;v&quot;:&quot;vote&quot;,&quot;x&quot;:&quot;&lt;\\&quot;&gt;&quot;}">Agree</button>');
    expect(html).toContain('class="sk-button sk-danger"');
    expect(html).toContain('class="sk-button" data-action-id="lead.vote.abstain"');
  });

  it("draws a real proposal card from the Slack renderer, with a hostile reason shown as text", () => {
    const hostile = { ...openProposal, reason: `<script>alert("x")</script> *not bold* <https://evil.example|link>` };
    const { blocks } = renderView(hostile, { timeZone: TZ, interactive: true });
    const html = blocksToHtml(blocks);
    expect(html).not.toMatch(/<script|<a /);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;https://evil.example|link&gt;");
    // The buttons Slack would get, with the very action ids and values the Slack adapter reads.
    const buttons = blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
    expect(buttons.length).toBeGreaterThan(2);
    for (const button of buttons) {
      if (button.type !== "button") continue;
      expect(html).toContain(`data-action-id="${button.action_id}"`);
    }
    expect(html).toContain("Hana Health: agree");
  });

  it("draws the objection modal's reason box, and a users_select from the people given", () => {
    const modal = objectModal({ ref: "EH-2026-0042", proposalId: openProposal.proposalId, channelId: null, responseUrl: null, fromHome: false });
    const html = modalToHtml(modal);
    expect(html).toContain('<textarea name="reason" rows="3" maxlength="500"');
    expect(html).toContain(">Object</button>");
    const select = blocksToHtml(
      [{ type: "input", block_id: "person", label: { type: "plain_text", text: "Lead" }, element: { type: "users_select", action_id: "person" } }],
      [{ handle: "hana", name: `Hana "<b>"` }],
    );
    expect(select).toContain('<option value="hana">Hana &quot;&lt;b&gt;&quot;</option>');
  });

  it("draws nothing for a block it does not know", () => {
    expect(blocksToHtml([{ type: "video", title: { type: "plain_text", text: "<b>x</b>" } }])).toBe("");
    expect(blocksToHtml("not blocks")).toBe("");
  });
});
