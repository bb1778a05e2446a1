import type { Painter } from '../render/painter';
import { customPlaceholderView } from './custom-view';
import { homeView } from './home-view';
import { notificationView } from './notification-view';
import { statusView } from './status-view';
import { systemView } from './system-view';
import { initView, otaView } from './takeover-views';
import type { PagePosition, Screen } from './view-data';
import { webServerView } from './webserver-view';

const NO_POSITION: PagePosition = { index: 1, count: 1 };

/** Draws a screen (a custom picture is shown as it is, without this). */
export function drawScreen(painter: Painter, screen: Screen, position: PagePosition | null): void {
  const where = position ?? NO_POSITION;
  switch (screen.view) {
    case 'home':
      return homeView(painter, screen.data);
    case 'system':
      return systemView(painter, screen.data, where);
    case 'webserver':
      return webServerView(painter, screen.data, where);
    case 'status':
      return statusView(painter, screen.data, where);
    case 'custom':
      return customPlaceholderView(painter, where);
    case 'ota':
      return otaView(painter, screen.data);
    case 'init':
      return initView(painter, screen.data);
    case 'notification':
      return notificationView(painter, screen.data);
  }
}
