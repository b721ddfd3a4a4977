import type { PaymentStatus } from "@/db/schema/payments";

type Tone = "default" | "secondary" | "destructive" | "outline" | "success";

const TONES: Record<PaymentStatus, Tone> = {
  requires_payment: "outline",
  processing: "secondary",
  succeeded: "success",
  failed: "destructive",
  canceled: "outline",
  partially_refunded: "secondary",
  refunded: "secondary",
};

export function paymentTone(status: PaymentStatus): Tone {
  return TONES[status];
}

export function paymentLabel(status: PaymentStatus): string {
  return status === "requires_payment" ? "awaiting payment" : status.replace("_", " ");
}
