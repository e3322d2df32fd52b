// Loaded on demand (dynamic import) the first time a message with math is shown: KaTeX and its stylesheet and fonts.
import katex from 'katex';
import 'katex/dist/katex.min.css';

export default katex;
