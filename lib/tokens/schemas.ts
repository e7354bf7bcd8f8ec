// One schema per input, shared by the settings form, its action and POST /api/tokens.
import { z } from "zod";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, TOKEN_SCOPES } from "./scopes";

// A form sends each checked scope as its own field; the API sends an array.
const scopesField = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z.array(z.enum(TOKEN_SCOPES, { error: `Scopes are some of: ${TOKEN_SCOPES.join(", ")}.` })).min(1, "Choose at least one scope.").max(TOKEN_SCOPES.length),
);

export const createTokenSchema = z.strictObject({
  name: z.string({ error: "Give the token a name." }).trim().min(1, "Give the token a name.").max(100, "A name has at most 100 characters."),
  scopes: scopesField.transform((scopes) => [...new Set(scopes)]),
  expiresInDays: z.coerce
    .number({ error: `Expiry is a number of days, 1 to ${MAX_TOKEN_DAYS}.` })
    .int(`Expiry is a whole number of days, 1 to ${MAX_TOKEN_DAYS}.`)
    .min(1, `Expiry is 1 to ${MAX_TOKEN_DAYS} days.`)
    .max(MAX_TOKEN_DAYS, `Expiry is at most ${MAX_TOKEN_DAYS} days.`)
    .default(DEFAULT_TOKEN_DAYS),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export const tokenIdSchema = z.strictObject({ id: z.uuid("A token id is a UUID.") });
