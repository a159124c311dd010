// dnsframe's prelude for dnsconfig.js: every name of DNSControl's language, as JavaScript.
//
// It is dnsframe's own: each DSL function records its call as plain data (its name, its
// arguments, the line it is written at). Record functions, builders and modifiers return such a
// call record, for D() to hold; D, D_EXTEND, DEFAULTS, the providers and CLI_DEFAULTS add theirs
// to the script's statements. When the script ends, Python takes the statements
// (__dnsframe_out) and replays them through the same Python functions dnsconfig.py calls
// (dnsframe/jsconfig.py). The script has no way out of the engine: no files, network or
// environment; require() finds the files Python read for it in __dnsframe_answers, and one that
// is not there yet is asked for (the script is stopped, Python reads the file, and runs the
// script again from the start).
//
// Python evaluates this file first and alone, so its lines are the lowest numbers of the
// engine; every file of the user's is evaluated below them (see jsconfig.py, _Files).
(function (global, spec, answers) {
  "use strict";

  var CALL = "__dnsframe_call__";
  var FLAG = "__dnsframe_flag__";
  var FUNCTION = "__dnsframe_function__";
  var NEED = "__dnsframe_need__";
  var LAST_LINE = spec.prelude_lines;
  var statements = [];
  var logs = [];
  var needs = [];
  var domains = [];

  // The line and column of the user's code that called into the DSL: the first frame of the
  // stack below this prelude's own lines. For a call written over several lines QuickJS gives
  // a place inside it (that of one of its arguments); Python finds the line the call starts at.
  function here() {
    var frames = String(new Error().stack).split("\n");
    for (var i = 1; i < frames.length; i++) {
      var found = /:(\d+):(\d+)\)?\s*$/.exec(frames[i]);
      if (found && Number(found[1]) > LAST_LINE) {
        return [Number(found[1]), Number(found[2])];
      }
    }
    return [0, 0];
  }

  // Functions among the arguments: a bare flag (NO_PURGE) stands for itself; any other
  // function is named, and Python says it cannot be used there.
  function plain(key, value) {
    if (typeof value === "function") {
      var out = {};
      if (Object.prototype.hasOwnProperty.call(value, FLAG)) {
        out[FLAG] = value[FLAG];
      } else {
        out[FUNCTION] = value.name || "anonymous";
      }
      return out;
    }
    return value;
  }

  function args(list) {
    return Array.prototype.slice.call(list);
  }

  function record(name, list) {
    var call = {};
    call[CALL] = name;
    call.args = args(list);
    var at = here();
    call.line = at[0];
    call.col = at[1];
    return call;
  }

  function define(name, value) {
    Object.defineProperty(global, name, {
      value: value,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }

  spec.lazy.forEach(function (name) {
    define(name, function () {
      return record(name, arguments);
    });
  });

  function statement(name, list) {
    var call = record(name, list);
    statements.push(call);
    return call;
  }

  spec.statements.forEach(function (name) {
    define(name, function () {
      statement(name, arguments);
    });
  });

  ["NewRegistrar", "NewDnsProvider"].forEach(function (name) {
    define(name, function (key) {
      statement(name, arguments);
      return key;
    });
  });

  // getConfiguredDomains(): the names given to D() so far, lowercase, without the final dot.
  function declared(name) {
    if (typeof name === "string" || (name && name[CALL])) {
      domains.push(String(name).toLowerCase().replace(/\.$/, "").replace(/\.!/, "!"));
    }
  }
  define("D", function (name) {
    statement("D", arguments);
    declared(name);
  });
  ["DOMAIN_ELSEWHERE", "DOMAIN_ELSEWHERE_AUTO"].forEach(function (name) {
    define(name, function (domain) {
      statement(name, arguments);
      declared(domain);
    });
  });
  define("getConfiguredDomains", function () {
    return domains.slice();
  });

  // IP("1.2.3.4"): the address as a number, for the script to count with.
  define("IP", function (address) {
    var parts = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\s*$/.exec(String(address));
    var octets = parts ? parts.slice(1).map(Number) : [];
    if (!parts || octets.some(function (o) { return o > 255; })) {
      throw new Error("IP(" + JSON.stringify(address) + "): not an IPv4 address");
    }
    return ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  });

  // REV(cidr): a call record that Python replays where D() or a record is given it; as text
  // (a domain name built in the script), the IPv4 networks on an octet are known here.
  define("REV", function (cidr) {
    var call = record("REV", arguments);
    Object.defineProperty(call, "toString", {
      enumerable: false,
      value: function () {
        var m = /^\s*(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(8|16|24|32))?\s*$/.exec(String(cidr));
        if (!m) {
          throw new Error(
            "REV(" + JSON.stringify(cidr) + "): its text is known only to D() and the records " +
              "it is given to, not to the script (only IPv4 networks on an octet are)"
          );
        }
        var bits = Number(m[5] || 32);
        return m.slice(1, 1 + bits / 8).reverse().join(".") + ".in-addr.arpa";
      },
    });
    return call;
  });

  spec.flags.forEach(function (name) {
    var flag = function () {
      return flag;
    };
    flag[FLAG] = name;
    define(name, Object.freeze(flag));
  });

  Object.keys(spec.constants).forEach(function (name) {
    define(name, Object.freeze(spec.constants[name]));
  });

  // -v name=value: in DNSControl each is a global variable of the script (one that would hide
  // a name of the language is left out); CLI_VARS holds them all.
  var cliVars = {};
  Object.keys(spec.variables).forEach(function (name) {
    cliVars[name] = spec.variables[name];
    if (!(name in global)) {
      global[name] = spec.variables[name];
    }
  });
  define("CLI_VARS", cliVars);

  define("CLI_DEFAULTS", function (defaults) {
    statement("CLI_DEFAULTS", arguments);
    Object.keys(defaults || {}).forEach(function (name) {
      if (!(name in cliVars)) {
        cliVars[name] = defaults[name];
      }
      if (global[name] === undefined) {
        global[name] = defaults[name];
      }
    });
  });

  define("PANIC", function (message) {
    var error = new Error(String(message));
    error.name = "PANIC";
    throw error;
  });

  function show(value) {
    if (typeof value === "string") {
      return value;
    }
    try {
      var text = JSON.stringify(value, plain);
      return text === undefined ? String(value) : text;
    } catch (e) {
      return String(value);
    }
  }

  function log() {
    logs.push(args(arguments).map(show).join(" "));
  }
  define("console", Object.freeze({ log: log, info: log, warn: log, error: log, debug: log }));

  // require: the file being loaded now, to resolve "./x.js" against (DNSControl: the file
  // that is loading, not the one the calling function was written in).
  var loading = [spec.main];

  function answer(op, path, from) {
    var key = op + "\u0000" + from + "\u0000" + path;
    if (!Object.prototype.hasOwnProperty.call(answers, key)) {
      needs.push({ op: op, path: path, from: from });
      var need = new Error("dnsframe reads " + JSON.stringify(path) + " for the script");
      need[NEED] = true;
      throw need;
    }
    var got = answers[key];
    if (Object.prototype.hasOwnProperty.call(got, "error")) {
      var error = new Error(got.error);
      error.name = "dnsframe"; // Python shows the message alone
      throw error;
    }
    return got;
  }

  function load(got) {
    if (got.kind === "json") {
      return JSON.parse(got.data);
    }
    loading.push(got.file);
    try {
      return (0, eval)(got.code);
    } finally {
      loading.pop();
    }
  }

  define("require", function (path) {
    return load(answer("require", String(path), loading[loading.length - 1]));
  });

  define("require_glob", function (path, recursive) {
    var op = recursive === undefined || recursive ? "glob" : "glob1";
    var got = answer(op, String(path), loading[loading.length - 1]);
    return got.files.map(function (file) {
      return load(answer("require", file, spec.main));
    });
  });

  // What Python takes when the script has ended.
  define("__dnsframe_out", function () {
    return JSON.stringify({ statements: statements, logs: logs, needs: needs }, plain);
  });
})(globalThis, JSON.parse(__dnsframe_spec), JSON.parse(__dnsframe_answers));
delete globalThis.__dnsframe_spec;
delete globalThis.__dnsframe_answers;
