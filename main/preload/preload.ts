// Sandboxed preload: only contextBridge and ipcRenderer from electron; everything else is bundled in.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('headroom', createBridge(ipcRenderer));
