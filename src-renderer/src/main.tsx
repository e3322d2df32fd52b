import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { setSanitizer } from './features/chat/markdown/block-html';
import { sanitizeHtml } from './features/chat/markdown/sanitize';
import './styles/tokens.css';
import './styles/base.css';
import './styles/highlight.css';
import './components/components.css';
import './app/shell.css';
import './features/chat/chat.css';
import './features/chat/markdown/markdown.css';
import './features/composer/composer.css';
import './components/pickers/pickers.css';

setSanitizer(sanitizeHtml);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
