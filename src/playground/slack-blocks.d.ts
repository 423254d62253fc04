// Types of slack-blocks.js, the page's plain-JS Block Kit drawing (no build step), for its tests.
export declare function escapeHtml(text: unknown): string;
export declare function mrkdwnToHtml(text: string): string;
export declare function textToHtml(text: { type: string; text: string } | undefined): string;
export declare function blocksToHtml(blocks: unknown, people?: readonly { handle: string; name: string }[]): string;
export declare function modalToHtml(modal: unknown, people?: readonly { handle: string; name: string }[]): string;
