// The providers, shared by every zone file.
var REG = NewRegistrar("none");
var DSP = NewDnsProvider("bind");
require("./mail.js");   // relative to this file: lib/mail.js
