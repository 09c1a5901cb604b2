/** Hash routes: #/ overview, #/account/<id>, #/add, #/edit/<id>, #/settings. In-page, so never a navigation. */
export type Route = { name: 'overview' } | { name: 'account'; id: string } | { name: 'add' } | { name: 'edit'; id: string } | { name: 'settings' };

export function parseRoute(hash: string): Route {
  const [, name, id] = hash.replace(/^#/, '').split('/');
  if (name === 'account' && id) return { name: 'account', id: decodeURIComponent(id) };
  if (name === 'edit' && id) return { name: 'edit', id: decodeURIComponent(id) };
  if (name === 'add') return { name: 'add' };
  if (name === 'settings') return { name: 'settings' };
  return { name: 'overview' };
}

export function href(route: Route): string {
  if (route.name === 'account' || route.name === 'edit') return `#/${route.name}/${encodeURIComponent(route.id)}`;
  return route.name === 'overview' ? '#/' : `#/${route.name}`;
}

export function go(route: Route): void {
  const target = href(route);
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}
