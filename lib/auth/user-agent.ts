// A coarse reading of the user agent for the audit session: enough for a reviewer to
// tell a phone from a laptop and one browser from another.
export function describeUserAgent(ua: string): { deviceType: string; browserInfo: string } {
  const deviceType = /ipad|tablet/i.test(ua) ? "tablet" : /mobi|android|iphone/i.test(ua) ? "mobile" : ua ? "desktop" : "";
  const browser =
    /edg\//i.test(ua) ? "Edge" :
    /chrome|chromium|crios/i.test(ua) ? "Chrome" :
    /firefox|fxios/i.test(ua) ? "Firefox" :
    /safari/i.test(ua) ? "Safari" :
    /curl|node|undici|playwright/i.test(ua) ? "Script" : ua ? "Other" : "";
  const os =
    /windows/i.test(ua) ? "Windows" :
    /android/i.test(ua) ? "Android" :
    /iphone|ipad|ios/i.test(ua) ? "iOS" :
    /mac os/i.test(ua) ? "macOS" :
    /linux/i.test(ua) ? "Linux" : "";
  return { deviceType, browserInfo: [browser, os].filter(Boolean).join(" on ") };
}
