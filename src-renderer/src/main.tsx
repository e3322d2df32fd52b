import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles/tokens.css';
import './styles/base.css';
import './styles/highlight.css';
import './components/components.css';
import './app/shell.css';
import './features/chat/chat.css';
import './features/chat/markdown/markdown.css';
import './features/composer/composer.css';
import './components/pickers/pickers.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
