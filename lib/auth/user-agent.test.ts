import { describe, expect, it } from "vitest";
import { describeUserAgent } from "./user-agent";

describe("describeUserAgent", () => {
  it.each([
    ["Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "desktop", "Chrome 131 on Windows 10"],
    ["Edge on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "desktop", "Edge 131 on Windows 10"],
    ["Firefox on Linux", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "desktop", "Firefox 133 on Linux"],
    ["Safari on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "desktop", "Safari 18 on macOS 14.7.1"],
    ["Chrome on macOS (frozen 10.15.7)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "desktop", "Chrome 131 on macOS"],
    ["Safari on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "mobile", "Safari 18 on iOS 18.1"],
    ["Chrome on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", "mobile", "Chrome 131 on iOS 18.1"],
    ["Firefox on iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15", "mobile", "Firefox 133 on iOS 18.1"],
    ["Safari on iPad", "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "tablet", "Safari 18 on iOS 18.1"],
    ["Chrome on Android phone", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36", "mobile", "Chrome 131 on Android 14"],
    ["Headless Chromium (Playwright)", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36", "desktop", "Chrome 131 on Linux"],
    ["curl", "curl/8.5.0", "script", "curl 8.5 (script)"],
    ["Node fetch", "node", "script", "node (script)"],
    ["Python requests", "python-requests/2.32.3", "script", "python-requests 2.32 (script)"],
    ["something else", "vitest", "unknown", "Other"],
  ])("%s", (_name, ua, deviceType, browserInfo) => {
    expect(describeUserAgent(ua)).toEqual({ deviceType, browserInfo });
  });

  it("leaves both empty when there is no user agent", () => {
    expect(describeUserAgent("")).toEqual({ deviceType: "", browserInfo: "" });
  });
});
