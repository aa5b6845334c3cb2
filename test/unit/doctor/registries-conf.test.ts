import { describe, expect, it } from "vitest";
import { isMarkedInsecure, parseRegistriesConf, registriesConfPaths } from "../../../runner/doctor/registries-conf.js";

describe("parseRegistriesConf", () => {
  it("reads [[registry]] tables, ignoring their mirrors and comments", () => {
    const conf = parseRegistriesConf(`
unqualified-search-registries = ["docker.io"]  # a comment

[[registry]]
location = "127.0.0.1:5123"
insecure = true # plain HTTP

[[registry.mirror]]
location = "mirror.example:5000"
insecure = false

[[registry]]
prefix = "example.com/foo"
location = 'internal.example/foo'
`);
    expect(conf.registries).toEqual([
      { prefix: "127.0.0.1:5123", insecure: true },
      { prefix: "example.com/foo", insecure: false },
    ]);
  });

  it("reads the v1 [registries.insecure] list, also across lines", () => {
    const conf = parseRegistriesConf(`
[registries.search]
registries = ['docker.io']

[registries.insecure]
registries = [
  '127.0.0.1:5123',   # the lab
  "10.0.0.5:5000",
]
`);
    expect(conf.insecureV1).toEqual(["127.0.0.1:5123", "10.0.0.5:5000"]);
  });

  it("does not take a # inside quotes for a comment", () => {
    const conf = parseRegistriesConf('[[registry]]\nlocation = "a#b.example"\ninsecure = true\n');
    expect(conf.registries).toEqual([{ prefix: "a#b.example", insecure: true }]);
  });
});

describe("isMarkedInsecure", () => {
  const file = (text: string) => parseRegistriesConf(text);

  it("matches the exact host:port, or the host alone", () => {
    expect(isMarkedInsecure("127.0.0.1:5123", [file('[[registry]]\nlocation="127.0.0.1:5123"\ninsecure=true')])).toBe(
      true,
    );
    expect(isMarkedInsecure("127.0.0.1:5123", [file('[[registry]]\nlocation="127.0.0.1"\ninsecure=true')])).toBe(true);
  });

  it("does not count another port, a narrower prefix, or insecure = false", () => {
    expect(isMarkedInsecure("127.0.0.1:5123", [file('[[registry]]\nlocation="127.0.0.1:5000"\ninsecure=true')])).toBe(
      false,
    );
    expect(
      isMarkedInsecure("127.0.0.1:5123", [
        file('[[registry]]\nprefix="127.0.0.1:5123/lab01"\nlocation="127.0.0.1:5123/lab01"\ninsecure=true'),
      ]),
    ).toBe(false);
    expect(isMarkedInsecure("127.0.0.1:5123", [file('[[registry]]\nlocation="127.0.0.1:5123"')])).toBe(false);
  });

  it("lets a later drop-in override an earlier file, and prefers host:port over the host", () => {
    const main = file('[[registry]]\nlocation="127.0.0.1:5123"\ninsecure=true');
    const dropIn = file('[[registry]]\nlocation="127.0.0.1:5123"\ninsecure=false');
    expect(isMarkedInsecure("127.0.0.1:5123", [main, dropIn])).toBe(false);
    const both = file(
      '[[registry]]\nlocation="127.0.0.1"\ninsecure=true\n[[registry]]\nlocation="127.0.0.1:5123"\ninsecure=false',
    );
    expect(isMarkedInsecure("127.0.0.1:5123", [both])).toBe(false);
  });

  it("counts the v1 insecure list", () => {
    expect(isMarkedInsecure("127.0.0.1:5123", [file("[registries.insecure]\nregistries = ['127.0.0.1:5123']")])).toBe(
      true,
    );
  });
});

describe("registriesConfPaths", () => {
  it("reads the system file and both drop-in folders by default", () => {
    expect(registriesConfPaths({}, "/home/ada", false)).toEqual({
      main: "/etc/containers/registries.conf",
      dropInDirs: ["/etc/containers/registries.conf.d", "/home/ada/.config/containers/registries.conf.d"],
    });
  });

  it("reads only the per-user file and folder when the per-user file exists", () => {
    expect(registriesConfPaths({}, "/home/ada", true)).toEqual({
      main: "/home/ada/.config/containers/registries.conf",
      dropInDirs: ["/home/ada/.config/containers/registries.conf.d"],
    });
  });

  it("honours CONTAINERS_REGISTRIES_CONF", () => {
    expect(registriesConfPaths({ CONTAINERS_REGISTRIES_CONF: "/tmp/r.conf" }, "/home/ada", true).main).toBe(
      "/tmp/r.conf",
    );
  });
});
