import { Link, type LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
type Look = { variant?: ButtonVariant; size?: "normal" | "small" };

/** The class names of a button look; also for links that look like buttons. */
export function buttonClass({ variant = "secondary", size = "normal" }: Look = {}, extra?: string): string {
  return ["button", variant === "secondary" ? "" : variant, size === "small" ? "small" : "", extra ?? ""]
    .filter(Boolean)
    .join(" ");
}

/** A button. `type` defaults to "submit" as most buttons here send a form. */
export function Button({
  variant,
  size,
  className,
  type = "submit",
  ...rest
}: Look & ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={buttonClass({ variant, size }, className)} {...rest} />;
}

/** A link that looks like a button (navigation, not an action). */
export function ButtonLink({ variant, size, className, ...rest }: Look & LinkProps) {
  return <Link className={buttonClass({ variant, size }, className)} {...rest} />;
}
