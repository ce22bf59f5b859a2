/**
 * `make(key)`, made once per key and kept. For Intl formatters, which cost a hundred times more to
 * make than to use: a page formats hundreds of cells, seed:demo a million dates. The keys are few
 * (the app's languages, time zones), never a user's input.
 */
export function onePerKey<V>(make: (key: string) => V): (key: string) => V {
  const kept = new Map<string, V>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined) kept.set(key, (value = make(key)));
    return value;
  };
}
