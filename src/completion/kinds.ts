/** Names the command wiring needs at start-up; kept free of imports so registering them costs nothing. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Values that live in local files and are listed by `obs __complete <kind>`. */
export const DYNAMIC_KINDS = ['contexts', 'slos', 'runbooks', 'incidents'] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];
