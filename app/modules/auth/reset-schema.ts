import { z } from "zod";
import { messageWithParams } from "~/modules/i18n/i18n";
import { emailField, PASSWORD_MIN, passwordField } from "~/modules/units/schema";

export const ForgotPasswordSchema = z.object({ email: emailField() });

export const ResetPasswordSchema = z
  .object({
    password: passwordField(),
    confirmPassword: z.string({ error: "form.required" }),
  })
  .superRefine((data, ctx) => {
    if (data.password !== data.confirmPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "register.passwordMismatch" });
    }
  });

export const PASSWORD_HELP = messageWithParams("reset.passwordHelp", { min: PASSWORD_MIN });
