/**
 * Setting a property by a key spec code chose: `object[key] = value` with
 * the key `__proto__` sets the object's prototype instead (and the entry
 * is lost), so that key is defined as an own property.
 */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else object[key] = value;
}
