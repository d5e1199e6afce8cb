import type { SectionLink } from "./section-nav";

/** The sections of each portal, in the order their navigation shows them. */
export const PORTAL_SECTIONS = {
  devportal: [
    { href: "/devportal", label: "APIs", within: ["/devportal/apis"] },
    { href: "/devportal/applications", label: "Applications" },
    { href: "/devportal/usage", label: "Usage" },
  ],
  devportalSignedOut: [{ href: "/devportal", label: "APIs", within: ["/devportal/apis"] }],
  publisher: [
    { href: "/publisher", label: "APIs", within: ["/publisher/apis"] },
    { href: "/publisher/analytics", label: "Analytics" },
    { href: "/publisher/alerts", label: "Alerts" },
  ],
  admin: [
    { href: "/admin/dashboard", label: "Dashboard" },
    { href: "/admin/users", label: "Users" },
    { href: "/admin/throttling", label: "Throttling policies" },
    { href: "/admin/blocking", label: "Blocking conditions" },
    { href: "/admin/signing-keys", label: "Signing keys" },
    { href: "/admin/settings", label: "Settings" },
    { href: "/admin/audit", label: "Audit log" },
  ],
} as const satisfies Record<string, readonly SectionLink[]>;
