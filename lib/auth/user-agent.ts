// The user agent in words for the audit session: the kind of device, and the browser
// and system with their versions ("Chrome 131 on Windows 10"), so a reviewer can tell a
// phone from a laptop, one browser from another, and an old one from a current one.
// ua-parser-js 1.x (MIT; 2.x is AGPL) reads the browsers; scripts and API clients,
// which it does not know, are named by their own product token ("curl 8.5").
import { UAParser } from "ua-parser-js";

const SCRIPT = /^(curl|wget|python-requests|python-urllib|aiohttp|node|undici|node-fetch|axios|go-http-client|okhttp|java|ruby|php|postmanruntime|insomnia|httpie|powershell)\b(?:\/(\d+(?:\.\d+)?))?/i;
const BROWSER_NAMES: Record<string, string> = { "Mobile Safari": "Safari", "Chrome Headless": "Chrome", "Chrome WebView": "Chrome", "Mobile Firefox": "Firefox" };
const OS_NAMES: Record<string, string> = { "Mac OS": "macOS", Ubuntu: "Linux", Debian: "Linux", Fedora: "Linux" };

export function describeUserAgent(ua: string): { deviceType: string; browserInfo: string } {
  if (!ua) return { deviceType: "", browserInfo: "" };
  const script = SCRIPT.exec(ua.trim());
  if (script) return { deviceType: "script", browserInfo: `${script[1]}${script[2] ? ` ${script[2]}` : ""} (script)` };
  const { browser, os, device } = new UAParser(ua).getResult();
  const deviceType = device.type === "mobile" || device.type === "tablet" ? device.type : browser.name || os.name ? "desktop" : "";
  const name = browser.name ? (BROWSER_NAMES[browser.name] ?? browser.name) : "";
  const osName = os.name ? (OS_NAMES[os.name] ?? os.name) : "";
  // macOS reports a frozen 10.15.7 from most browsers; the version says nothing there.
  const osVersion = os.version && osName !== "Linux" && !(osName === "macOS" && os.version.startsWith("10.15")) ? ` ${os.version}` : "";
  const browserText = name ? `${name}${browser.major ? ` ${browser.major}` : ""}` : "";
  const osText = osName ? `${osName}${osVersion}` : "";
  const browserInfo = browserText && osText ? `${browserText} on ${osText}` : browserText || osText || "Other";
  return { deviceType: deviceType || "unknown", browserInfo };
}
