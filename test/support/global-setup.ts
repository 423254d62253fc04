// Placeholder: replaced by the per-run database setup.
export default function setup(): void {}
