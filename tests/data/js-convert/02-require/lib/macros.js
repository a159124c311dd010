// Macros shared by every domain.
var OFFICE_TTL = 300;

function office(ip) {
    return [A("office", ip, TTL(OFFICE_TTL)), TXT("office", "hq")];
}
