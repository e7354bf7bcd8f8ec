// Debian's rsyslog as a real syslog receiver for the stream tests: started on loopback
// with a plain TCP and a TLS (gtls) listener, a test CA and server certificate made with
// openssl, and every message written out field by field as rsyslog parsed it.
// `.ci/run` installs rsyslog and rsyslog-gnutls, as it installs chromium.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type ParsedSyslog = { pri: string; timestamp: string; hostname: string; app: string; procid: string; msgid: string; sd: string; msg: string };

const RSYSLOGD = ["/usr/sbin/rsyslogd", "/sbin/rsyslogd"].find((p) => fs.existsSync(p));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function listening(port: number, deadline: number) {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect({ host: "127.0.0.1", port }, () => (c.end(), resolve(true)));
      c.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`rsyslogd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRsyslog() {
  if (!RSYSLOGD) throw new Error("rsyslogd is not installed: apt-get install rsyslog rsyslog-gnutls (.ci/run does)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rsyslog-test-"));
  const at = (f: string) => path.join(dir, f);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=HR Governance test CA");
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  fs.writeFileSync(at("san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
  const [tcpPort, tlsPort] = [await freePort(), await freePort()];
  fs.writeFileSync(at("rsyslog.conf"), `
global(workDirectory="${dir}" DefaultNetstreamDriverCAFile="${at("ca.pem")}" DefaultNetstreamDriverCertFile="${at("server.pem")}" DefaultNetstreamDriverKeyFile="${at("server.key")}")
module(load="imtcp" MaxSessions="100")
template(name="fields" type="string" string="%PRI%\\t%TIMESTAMP:::date-rfc3339%\\t%HOSTNAME%\\t%APP-NAME%\\t%PROCID%\\t%MSGID%\\t%STRUCTURED-DATA%\\t%msg%\\n")
ruleset(name="out") { action(type="omfile" file="${at("out.log")}" template="fields") }
input(type="imtcp" address="127.0.0.1" port="${tcpPort}" ruleset="out")
input(type="imtcp" address="127.0.0.1" port="${tlsPort}" ruleset="out" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
`);
  const proc: ChildProcess = spawn(RSYSLOGD, ["-n", "-f", at("rsyslog.conf"), "-i", at("rsyslogd.pid")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 15_000;
  try {
    await listening(tcpPort, deadline);
    await listening(tlsPort, deadline);
  } catch (error) {
    proc.kill("SIGKILL");
    throw new Error(`${(error as Error).message}: ${stderr}`);
  }
  return {
    tcpPort, tlsPort, ca: fs.readFileSync(at("ca.pem"), "utf8"),
    /** Every message rsyslog has written out so far, parsed field by field. */
    messages(): ParsedSyslog[] {
      if (!fs.existsSync(at("out.log"))) return [];
      return fs.readFileSync(at("out.log"), "utf8").split("\n").filter(Boolean).map((line) => {
        const [pri, timestamp, hostname, app, procid, msgid, sd, ...rest] = line.split("\t");
        return { pri: pri!, timestamp: timestamp!, hostname: hostname!, app: app!, procid: procid!, msgid: msgid!, sd: sd!, msg: rest.join("\t").replace(/^ /, "") };
      });
    },
    async stop() {
      proc.kill("SIGTERM");
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once("exit", r)));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
