"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { unsubscribeFromAnnouncements } from "@/lib/announcements/unsubscribe";
import { contextFromHeaders } from "@/lib/auth/request-context";

const tokenSchema = z.string().min(10).max(200);

/** The unsubscribe page's buttons (stop, or receive again): no sign-in, the signed token names the person. */
export async function unsubscribeAction(formData: FormData): Promise<void> {
  const token = tokenSchema.safeParse(formData.get("token"));
  if (!token.success) redirect("/unsubscribe");
  const h = await headers();
  const subscribe = formData.get("subscribe") === "1";
  const { ok } = await unsubscribeFromAnnouncements(token.data, { ...contextFromHeaders(h), method: "POST", path: "/unsubscribe" }, subscribe);
  redirect(`/unsubscribe?token=${encodeURIComponent(token.data)}${ok ? "&done=1" : ""}`);
}
