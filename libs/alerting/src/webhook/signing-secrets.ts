/**
 * The secrets an endpoint's webhooks are signed (and its replies verified) with: the current one and,
 * during a rotation's rollover, the previous one. `unseal` opens a sealed secret.
 */
export function signingSecrets(
  sealed: { current: string; previous: string | null; previousExpiresAt: Date | string | null },
  unseal: (sealed: string) => string,
  now: Date = new Date(),
): string[] {
  const secrets = [unseal(sealed.current)];
  if (
    sealed.previous &&
    sealed.previousExpiresAt &&
    new Date(sealed.previousExpiresAt).getTime() > now.getTime()
  ) {
    secrets.push(unseal(sealed.previous));
  }
  return secrets;
}
