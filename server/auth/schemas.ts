import { z } from "zod";
import { email } from "../orgs/schemas";
import { password } from "./password";

export const SignUpInput = z.strictObject({
  name: z.string().trim().max(80, "name must be at most 80 characters").optional(),
  email,
  password,
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.object({
  email,
  password: z.string({ error: "password is required" }).min(1, "password is required").max(256),
});
export type SignInInput = z.infer<typeof SignInInput>;
