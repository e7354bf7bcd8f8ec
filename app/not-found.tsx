import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

// Replaces Next's default 404, whose inline style attributes the CSP (style-src
// without 'unsafe-inline') would refuse.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="max-w-sm text-center">
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase">404</p>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">This page could not be found</h1>
        <p className="mt-2 text-sm text-slate-600">It does not exist, or your role does not give access to it.</p>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-indigo-700 underline hover:text-indigo-800">
          Back to the home page
        </Link>
      </div>
    </main>
  );
}
