// The Electron shell: window, app:// protocol, IPC wiring, safeStorage vault. (Being built: see issue 4.)
import { app } from 'electron';

void app;
