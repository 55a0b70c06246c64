import './strict-csp';
import './login-styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from '../i18n';
import { Providers } from './providers';
import { AppRoutes, preloadRoute } from './router';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// The first screen waits for its language's strings; the page's own code downloads meanwhile.
preloadRoute(window.location.pathname);
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <Providers>
        <AppRoutes />
      </Providers>
    </StrictMode>,
  ),
);
