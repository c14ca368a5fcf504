import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { App } from './App.js';

render(<App />, document.getElementById('app')!);
