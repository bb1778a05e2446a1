// What a release bundle holds in place of a module it does not ship (see release-bundle.mjs).
// Loading it succeeds, so a library that requires the module at start keeps working; the first
// call or construction of anything taken from it throws, naming the module and why it is absent.
'use strict';

module.exports = function unshippedModule(name, reason) {
  const fail = () => {
    throw new Error(`${name} is not shipped in this MAPIO release bundle (${reason})`);
  };
  const member = new Proxy(function unshipped() {}, {
    apply: fail,
    construct: fail,
    get: (_target, key) => (key === Symbol.toPrimitive ? () => `[unshipped ${name}]` : member),
  });
  return new Proxy(
    {},
    {
      get: (_target, key) => (key === '__esModule' ? false : typeof key === 'symbol' ? undefined : member),
    },
  );
};
