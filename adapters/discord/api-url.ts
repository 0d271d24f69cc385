/**
 * DISCORD_API_URL is the REST base without a version (discord.js appends `/v10`); a copied
 * `…/api/v10` or a trailing slash is accepted too, so either form works.
 */
export function restBase(apiUrl: string | undefined): string | undefined {
  return apiUrl?.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
