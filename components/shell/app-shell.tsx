"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

type Props = {
  /** `badge`: a count or marker shown after the label (e.g. unread announcements). */
  nav: Array<{ href: string; label: string; badge?: React.ReactNode }>;
  userName: string;
  roleLabel: string;
  departmentName: string;
  signOut: () => Promise<void>;
  children: React.ReactNode;
};

function isActive(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function AppShell({ nav, userName, roleLabel, departmentName, signOut, children }: Props) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  // The most specific match wins: /audit/verify is "Audit integrity", not also "Audit log".
  const activeHref = nav.filter((item) => isActive(pathname, item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const links = (
    <ul className="space-y-1">
      {nav.map((item) => {
        const active = item.href === activeHref;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={() => setOpen(false)}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${
                active ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              {item.label}
              {item.badge}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  const account = (
    <div className="border-t border-slate-200 pt-4">
      <p className="text-sm font-semibold text-slate-900" data-testid="current-user">{userName}</p>
      <p className="text-xs text-slate-600" data-testid="current-role">
        {roleLabel}
        {departmentName ? ` · ${departmentName}` : ""}
      </p>
      <form action={signOut} className="mt-3">
        <button type="submit" className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
          Sign out
        </button>
      </form>
    </div>
  );
  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <span className="font-semibold text-indigo-800">HR Governance</span>
        <button
          type="button"
          onClick={() => setOpen((v) => !v)}
          aria-expanded={open}
          aria-controls="mobile-nav"
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-800"
        >
          {open ? "Close menu" : "Menu"}
        </button>
      </header>
      {open ? (
        <nav id="mobile-nav" aria-label="Main" className="border-b border-slate-200 bg-white px-4 py-4 lg:hidden">
          {links}
          <div className="mt-4">{account}</div>
        </nav>
      ) : null}
      <aside className="hidden w-64 shrink-0 border-r border-slate-200 bg-white lg:flex lg:min-h-screen lg:flex-col lg:justify-between lg:px-4 lg:py-6">
        <div>
          <p className="mb-6 px-3 font-semibold text-indigo-800">HR Governance</p>
          <nav aria-label="Main">{links}</nav>
        </div>
        {account}
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">
        {children}
      </main>
    </div>
  );
}
