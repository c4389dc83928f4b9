/**
 * Whether an access token issued at `issuedAt` (ms) still counts for a person whose sessions
 * were last ended at `validAfter`: a token issued before that moment is refused at once,
 * whether or not this process remembers having verified it. Without `issuedAt` (a refresh,
 * which its session generation decides) it counts.
 */
export function issuedWithinSessions(issuedAt: number | undefined, validAfter: Date | null): boolean {
  return issuedAt === undefined || validAfter === null || issuedAt >= validAfter.getTime();
}
