// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuthFormState } from "./form-state";
import { SignInForm } from "./sign-in-form";
import { SignUpForm } from "./sign-up-form";

afterEach(cleanup);

describe("auth forms", () => {
  it("shows field errors from the server, marks the fields invalid and keeps what was typed", async () => {
    const action = vi.fn(
      async (): Promise<AuthFormState> => ({
        fieldErrors: { password: "password must be at least 10 characters" },
        values: { email: "kept@example.com", name: "Kept" },
      }),
    );
    render(<SignUpForm action={action} callbackUrl="/invite/abc" />);
    fireEvent.submit(
      screen.getByRole("button", { name: "Create account" }).closest("form") as HTMLFormElement,
    );
    const error = await screen.findByText("password must be at least 10 characters");
    const password = screen.getByLabelText("Password");
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(password.getAttribute("aria-describedby")).toBe(error.id);
    expect((screen.getByLabelText("Email") as HTMLInputElement).value).toBe("kept@example.com");
    const form = action.mock.calls[0] as unknown as [AuthFormState, FormData] | undefined;
    expect(form?.[1].get("callbackUrl")).toBe("/invite/abc");
  });

  it("shows a sign-in failure as an alert", async () => {
    const action = vi.fn(async (): Promise<AuthFormState> => ({ error: "Incorrect email or password" }));
    render(<SignInForm action={action} />);
    fireEvent.submit(screen.getByRole("button", { name: "Sign in" }).closest("form") as HTMLFormElement);
    expect((await screen.findByRole("alert")).textContent).toContain("Incorrect email or password");
  });
});
