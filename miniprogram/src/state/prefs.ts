import { storage } from '../api/storage';
import { createStore, useStore } from './store';

/** 长辈模式: larger text, higher contrast, bigger touch targets. Kept on the device. */
export const elderModeStore = createStore<boolean>(storage.getElderMode());

export function setElderMode(on: boolean): void {
  storage.setElderMode(on);
  elderModeStore.set(on);
}

export const useElderMode = () => useStore(elderModeStore);
