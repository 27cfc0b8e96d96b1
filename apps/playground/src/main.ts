import './style.css';
import { startApp } from './app';

window.aecnnPlayground = startApp(document.getElementById('app')!);
