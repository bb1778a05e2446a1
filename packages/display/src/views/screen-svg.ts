import { customPlaceholderView } from './custom-view';
import { homeView } from './home-view';
import { notificationView } from './notification-view';
import { statusView } from './status-view';
import { systemView } from './system-view';
import { initView, otaView } from './takeover-views';
import type { PagePosition, Screen } from './view-data';
import { webServerView } from './webserver-view';

const NO_POSITION: PagePosition = { index: 1, count: 1 };

/** The SVG of a screen (a custom picture is drawn as it is, without one). */
export function screenSvg(screen: Screen, position: PagePosition | null): string {
  const where = position ?? NO_POSITION;
  switch (screen.view) {
    case 'home':
      return homeView(screen.data);
    case 'system':
      return systemView(screen.data, where);
    case 'webserver':
      return webServerView(screen.data, where);
    case 'status':
      return statusView(screen.data, where);
    case 'custom':
      return customPlaceholderView(where);
    case 'ota':
      return otaView(screen.data);
    case 'init':
      return initView(screen.data);
    case 'notification':
      return notificationView(screen.data);
  }
}
