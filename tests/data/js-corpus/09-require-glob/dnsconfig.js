// require_glob(): every .js file of domains/ and its subfolders, in the order of their paths.
var REG = NewRegistrar("none");
var DSP = NewDnsProvider("bind");
require_glob("./domains/");
